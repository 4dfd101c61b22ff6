import CNice
import Testing

@Suite("libnice shim") struct NiceSmokeTests {
    @Test("GLib reports its version and libnice creates and frees an RFC 8445 agent")
    func agentLifecycle() throws {
        #expect(CPeerCam_glib_major_version() == 2)
        let context = try #require(g_main_context_new())
        defer { g_main_context_unref(context) }
        let agent = try #require(nice_agent_new_full(context, NICE_COMPATIBILITY_RFC5245, NICE_AGENT_OPTION_ICE_TRICKLE))
        // UPnP is on by default and would multicast SSDP on every interface.
        CPeerCam_g_object_set_boolean(UnsafeMutableRawPointer(agent), "upnp", 0)
        #expect(CPeerCam_g_object_get_boolean(UnsafeMutableRawPointer(agent), "upnp") == 0)
        let stream = nice_agent_add_stream(agent, 1)
        #expect(stream > 0)
        g_object_unref(UnsafeMutableRawPointer(agent))
    }
}
