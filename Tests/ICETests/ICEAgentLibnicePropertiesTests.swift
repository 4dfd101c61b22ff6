@testable import ICE
import Testing

extension ICESerializedTests {
    @Suite("What libnice is told")
    struct ICEAgentLibnicePropertiesTests {
        static let configurations: [(ICEAgentConfiguration, controlling: Bool)] = [
            (ICEAgentConfiguration(role: .controlling), true),
            (ICEAgentConfiguration(role: .controlling, consentFreshness: false), true),
            (ICEAgentConfiguration(role: .controlled, localAddresses: .only(["127.0.0.1"])), false),
            (ICEAgentConfiguration(role: .controlled, localAddresses: .allInterfaces(includeLoopback: true), tcpCandidates: true), false),
        ]

        @Test("UPnP is off on every agent (no SSDP multicast), and role, ICE-TCP, consent and trickle follow the configuration",
              arguments: configurations)
        func propertiesFollowConfiguration(configuration: ICEAgentConfiguration, controlling: Bool) throws {
            let agent = try ICEAgent(configuration: configuration) { _ in }
            defer { agent.close() }
            #expect(try agent.libniceBooleanProperty("upnp") == false)
            #expect(try agent.libniceBooleanProperty("controlling-mode") == controlling)
            #expect(try agent.libniceBooleanProperty("ice-tcp") == configuration.tcpCandidates)
            #expect(try agent.libniceBooleanProperty("consent-freshness") == configuration.consentFreshness)
            #expect(try agent.libniceBooleanProperty("keepalive-conncheck"))
            #expect(try agent.libniceBooleanProperty("ice-trickle"))
        }
    }
}
