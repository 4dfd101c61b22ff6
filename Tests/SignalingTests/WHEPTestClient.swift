import DTLS
import Foundation
import NIOHTTP1
import PeerCamCore
import SDP
import WebRTC
@testable import Signaling

/// A WHEP client as a player is one: raw HTTP requests over the pinned TLS connection with
/// exactly the headers a test chooses (`SingleRequestHTTPClient`, a real NIO client).
struct WHEPTestClient: Sendable {
    let bed: SignalingTestBed
    /// The `Authorization` value sent, nil for none.
    let authorization: String?

    init(bed: SignalingTestBed, authorization: String?) {
        self.bed = bed
        self.authorization = authorization
    }

    init(bed: SignalingTestBed, viewer: PairedCamera) {
        self.init(bed: bed, authorization: viewer.token.authorizationHeaderValue)
    }

    func send(_ method: HTTPMethod, _ path: String, body: String? = nil,
              headers: [(String, String)] = []) async throws -> SingleRequestHTTPClient.Answer {
        try await SingleRequestHTTPClient.send(
            method, path, body: body.map { Array($0.utf8) }, authorization: authorization, headers: headers,
            over: .pinnedTLS(bed.endpoint, PinnedCertificateVerifier(pinned: bed.fingerprint)))
    }

    /// `POST /whep/{stream}` with an `application/sdp` body (or the content type given).
    func post(_ stream: String = "main", offer: String?,
              contentType: String? = "application/sdp") async throws -> SingleRequestHTTPClient.Answer {
        try await send(.POST, "/whep/\(stream)", body: offer, headers: contentType.map { [("Content-Type", $0)] } ?? [])
    }

    func patch(_ resource: String, fragment: String?, ifMatch: String? = nil,
               contentType: String = "application/trickle-ice-sdpfrag") async throws -> SingleRequestHTTPClient.Answer {
        var headers = [("Content-Type", contentType)]
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        return try await send(.PATCH, resource, body: fragment, headers: headers)
    }

    func delete(_ resource: String) async throws -> SingleRequestHTTPClient.Answer {
        try await send(.DELETE, resource)
    }
}

/// The viewer's side of a WHEP session: a real `PeerConnection` that offers to receive H264
/// and Opus, as a browser's `addTransceiver(…, {direction: "recvonly"})` does.
final class WHEPOfferer: Sendable {
    let connection: PeerConnection
    let offer: String

    init(certificate: DTLSCertificate) throws {
        connection = PeerConnection(configuration: .loopback(certificate: certificate))
        try connection.addTransceiver(.video, direction: .recvonly)
        try connection.addTransceiver(.audio, direction: .recvonly)
        offer = try connection.createOffer()
    }

    deinit { connection.close() }

    /// The offer's ICE credentials and bundle mid, for trickle fragments.
    var iceParameters: (ufrag: String, pwd: String, mid: String) {
        let description = try? SDPSessionDescription(parsing: offer)
        let section = description?.media.first
        return (section?.iceUfrag ?? description?.iceUfrag ?? "", section?.icePwd ?? description?.icePwd ?? "",
                section?.mid ?? "0")
    }

    /// An RFC 8840 fragment for `candidates` (`candidate:…` lines) of this offer's ICE session.
    func fragment(candidates: [String], endOfCandidates: Bool = false) throws -> String {
        let parameters = iceParameters
        return SDPTrickleFragment(ufrag: parameters.ufrag, pwd: parameters.pwd, mid: parameters.mid,
                                  candidates: try candidates.map { try SDPCandidate(parsing: $0) },
                                  endOfCandidates: endOfCandidates).text
    }

    /// Local candidates until end-of-candidates (bounded by `limit`).
    func gatheredCandidates(within limit: Duration = .seconds(5)) async throws -> [String] {
        try await connection.gatheredCandidates(within: limit)
    }
}

/// A camera's WHEP-enabled server with a real answering handler, and a paired viewer.
struct WHEPFixture {
    let handler: PeerConnectionWHEPHandler
    let bed: SignalingTestBed
    let viewer: PairedCamera
    let client: WHEPTestClient
    static let certificate: DTLSCertificate? = try? DTLSCertificate.generate(commonName: "PeerCam WHEP test viewer")

    init(handler: PeerConnectionWHEPHandler? = nil, iceServers: [WHEPICEServer] = []) async throws {
        let handler = try handler ?? PeerConnectionWHEPHandler()
        self.handler = handler
        bed = try await SignalingTestBed(iceServers: iceServers, whep: handler)
        viewer = try await bed.pairViewer(name: "WHEP viewer")
        client = WHEPTestClient(bed: bed, viewer: viewer)
    }

    func makeOfferer() throws -> WHEPOfferer {
        guard let certificate = Self.certificate else { throw TimedOut() }
        return try WHEPOfferer(certificate: certificate)
    }

    /// A created session: the offerer, the 201 answer and its resource path.
    func createSession(_ stream: String = "main", client: WHEPTestClient? = nil) async throws
        -> (offerer: WHEPOfferer, answer: SingleRequestHTTPClient.Answer, resource: String) {
        let offerer = try makeOfferer()
        let answer = try await (client ?? self.client).post(stream, offer: offerer.offer)
        return (offerer, answer, answer.headers["Location"].first ?? "")
    }
}

extension SingleRequestHTTPClient.Answer {
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name].first }
}
