import Testing
@testable import SluiceRuntime

/// `when:` conditions in a pipeline file: what is wrong is named by key path, file and line,
/// with the stage it belongs to (evaluation: `SluiceCoreTests/ConditionEvaluationTests`).
@Suite struct ConditionConfigErrorTests {
    func errors(_ stages: String) -> [String] {
        loadErrors(pipelineText(stages: "  - type: parse_json\n" + stages))
    }

    static let configErrors: [(String, String)] = [
        ("  - type: fields\n    add: { a: 1 }\n    when: { level: { inn: [debug] } }",
         #"stages[1].when.level.inn: unknown key (pipeline.yaml:7:22); did you mean "in"?"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { level: { equal: debug } }",
         #"stages[1].when.level.equal: unknown key (pipeline.yaml:7:22); did you mean "equals"?"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { msg: { matches: \"a(b\" } }",
         "stages[1].when.msg.matches: invalid regular expression at offset 3: missing closing parenthesis (pipeline.yaml:7:29)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { msg: { matches: \"\\\\<word\\\\>\" } }",
         "stages[1].when.msg.matches: invalid regular expression at offset 0: \\< and \\> are not supported; write \\b for a word boundary (pipeline.yaml:7:29)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: { gt: many } }",
         #"stages[1].when.n.gt: expected a number, found "many" (pipeline.yaml:7:22)"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: {} }",
         "stages[1].when.n: give at least one test: equals, in, exists, matches, gt, gte, lt, lte (pipeline.yaml:7:16)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: {}",
         "stages[1].when: a condition needs at least one field test, e.g. { level: { in: [debug] } } (pipeline.yaml:7:11)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: debug",
         "stages[1].when: expected a mapping, found a scalar (pipeline.yaml:7:11)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { any: [] }",
         "stages[1].when.any: must list at least one condition (pipeline.yaml:7:18)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: [1, 2] }",
         "stages[1].when.n: expected a value or a mapping of tests (equals, in, exists, matches, gt, gte, lt, lte), found a list (pipeline.yaml:7:16)"),
        ("  - type: drop",
         "stages[1]: a drop stage needs a when: condition (e.g. when: { level: debug }) (pipeline.yaml:5:5)"),
        ("  - type: parse_json\n    when: { level: debug }",
         "stages[1].when: a parse_json stage cannot have a when: condition: it runs before the line has fields (pipeline.yaml:6:11)"),
        ("  - type: drop\n    when: { level: debug }\n    reason: noise",
         "stages[1].reason: unknown key (pipeline.yaml:7:5)"),
    ]

    @Test(arguments: configErrors)
    func conditionErrorsNameKeyPathAndLine(_ stages: String, _ expected: String) {
        let found = errors(stages)
        #expect(found == [expected])
    }
}
