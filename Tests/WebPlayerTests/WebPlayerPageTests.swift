import Testing
import WebPlayer

@Suite("The bundled player page")
struct WebPlayerPageTests {
    @Test("loads through the API as UTF-8 HTML")
    func loads() throws {
        let page = try WebPlayerPage()
        #expect(!page.bytes.isEmpty)
    }
}
