import DeviceStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import PeerCamCore
import ServiceLifecycle

extension SignalingServer {
    /// The HTTPS application: `/pair`, `/signaling`, WHEP, the player and token-guarded
    /// everything else.
    func makeHTTPSApplication() throws -> any Service {
        let router = Router(context: SignalingRequestContext.self)
        // Outermost, so WHEP refusals from the token check carry CORS headers too.
        if whep != nil { router.add(middleware: WHEPCORSMiddleware()) }
        router.add(middleware: TokenRequiredMiddleware(
            authorizer: authorizer,
            exemptRoutes: Set(["POST /pair", "GET \(SignalingChildChannel.signalingPath)"] + Self.playerPaths.map { "GET \($0)" })))
        router.post("/pair") { request, context -> Response in
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: 4 * PairingRequest.maximumSize) } catch {
                throw SignalingHTTPRefusal(SignalingDecodingError.messageTooLarge(
                    byteCount: 4 * PairingRequest.maximumSize, limit: PairingRequest.maximumSize))
            }
            let response = try await self.pairing.redeem(body: Array(buffer: body), from: context.remoteAddress)
            return Response(status: .created,
                            headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: response.encoded())))
        }
        // Reached only when the WebSocket upgrade was declined: say exactly why.
        router.get(RouterPath(stringLiteral: SignalingChildChannel.signalingPath)) { request, _ -> Response in
            _ = try self.authorizer.authorize(header: request.headers[.authorization], requiring: .viewer)
            throw SignalingHTTPRefusal.upgradeRequired
        }
        if let whep { addWHEPRoutes(to: router, handler: whep) }
        addAgentRoutes(to: router)
        let authorizer = self.authorizer
        let server = HTTPServerBuilder { responder in
            SignalingChildChannel(responder: responder, authorizer: authorizer,
                                  maximumFrameSize: Self.maximumWebSocketMessageSize,
                                  webSocketHandler: { webSocket, device in await self.serveViewer(webSocket, device: device) })
        }
        let portSignal = httpsPortSignal
        return Application(
            router: router,
            server: try .tls(server, tlsConfiguration: tlsIdentity.serverTLSConfiguration()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in portSignal.settle(channel.localAddress?.port) },
            logger: logger)
    }

    /// The admin application on a Unix domain socket (see `SignalingAdminAPI`).
    func makeAdminApplication(path: String) throws -> any Service {
        try AdminSocketPermissions.prepare(socketPath: path)
        let router = Router(context: SignalingRequestContext.self)
        router.post(RouterPath(stringLiteral: SignalingAdminAPI.pairingCodesPath)) { _, _ -> Response in
            let issued: PairingDesk<C>.IssuedCode
            do { issued = try await self.pairing.issueCode() } catch {
                throw SignalingHTTPRefusal(status: .conflict, code: "too-many-codes",
                                           message: "too many pairing codes are outstanding; wait for one to expire")
            }
            let answer = AdminIssuedPairingCode(
                code: issued.code.displayText, expiresInSeconds: Int(issued.lifetime.components.seconds),
                cameraURL: await self.cameraURL(), fingerprint: self.tlsIdentity.fingerprint.description)
            return try Self.adminJSON(answer, status: .created)
        }
        router.get(RouterPath(stringLiteral: SignalingAdminAPI.devicesPath)) { _, _ -> Response in
            let devices = try self.store.list().map { device in
                AdminDeviceSummary(id: device.id.rawValue, role: device.role.rawValue, name: device.identity.name,
                                   tokenFingerprint: device.tokenDigest.fingerprint, pairedAt: device.pairedAt,
                                   lastSeenAt: device.lastSeenAt, revoked: device.isRevoked)
            }
            return try Self.adminJSON(AdminDeviceList(devices: devices), status: .ok)
        }
        router.delete(RouterPath(stringLiteral: SignalingAdminAPI.devicesPath + "/:id")) { _, context -> Response in
            guard let text = context.parameters.get("id"), let id = try? DeviceID(parsing: text) else {
                throw SignalingHTTPRefusal(status: .badRequest, code: "invalid-device-id",
                                           message: "a device id is 26 Crockford base32 symbols")
            }
            guard try await self.revoke(id) else {
                throw SignalingHTTPRefusal(status: .notFound, code: "unknown-device", message: "no such paired device")
            }
            return Response(status: .noContent)
        }
        addAdminSessionRoute(to: router)
        let readySignal = adminReadySignal
        return Application(
            router: router,
            configuration: .init(address: .unixDomainSocket(path: path)),
            onServerRunning: { _ in
                let secured = AdminSocketPermissions.restrict(socketPath: path)
                readySignal.settle(secured)
            },
            logger: logger)
    }

    private static func adminJSON(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let data = try JSONEncoder.admin.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
