import Testing
@testable import SluiceCore

@Suite struct InterpolationTests {
    let env = ["POD": "api-7f9", "EMPTY": "", "KEY": "s3cr3t"]

    func expand(_ s: String) throws -> Interpolation.Result {
        try Interpolation.expand(s, environment: env)
    }

    @Test(arguments: [
        ("${POD}", "api-7f9"),
        ("pod-${POD}-x", "pod-api-7f9-x"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY-fallback}", ""),
        ("${MISSING-fallback}", "fallback"),
        ("${POD:-fallback}", "api-7f9"),
        ("${MISSING:-}", ""),
        ("${MISSING:-a:b/c}", "a:b/c"),
        ("$${POD}", "${POD}"),
        ("cost: $$5", "cost: $5"),
        ("^end$", "^end$"),
        ("$POD", "$POD"),
        ("no dollars", "no dollars"),
        ("${KEY}${POD}", "s3cr3tapi-7f9"),
    ])
    func expands(_ input: String, _ expected: String) throws {
        #expect(try expand(input).value == expected)
    }

    @Test func unsetWithoutDefaultIsEmptyAndReported() throws {
        let result = try expand("key=${MISSING}")
        #expect(result.value == "key=")
        #expect(result.unset == ["MISSING"])
    }

    @Test func requiredVariables() throws {
        #expect(throws: Interpolation.Failure.required(name: "MISSING", message: "set the key")) { try expand("${MISSING:?set the key}") }
        #expect(throws: Interpolation.Failure.required(name: "EMPTY", message: "")) { try expand("${EMPTY:?}") }
        #expect(try expand("${EMPTY?}").value == "")
        #expect(try expand("${KEY:?x}").value == "s3cr3t")
    }

    @Test func malformedReferences() {
        #expect(throws: Interpolation.Failure.unclosed) { try expand("${POD") }
        #expect(throws: Interpolation.Failure.badName("1X")) { try expand("${1X}") }
        #expect(throws: Interpolation.Failure.badName("")) { try expand("${}") }
        #expect(throws: Interpolation.Failure.badName("A B")) { try expand("${A B}") }
    }

    /// The variables a value refers to, by the parser that expands them.
    @Test func variablesNamesWhatAValueRefersTo() {
        #expect(Interpolation.variables(in: "${SLUICE_HMAC_KEY}") == ["SLUICE_HMAC_KEY"])
        #expect(Interpolation.variables(in: "${A:-x}-${B?needed}-$${C}") == ["A", "B"])
        #expect(Interpolation.variables(in: "plain text, a regex$") == [])
    }
}
