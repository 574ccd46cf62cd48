import Foundation
import Server
import Testing

/// Renders `source` with `data` (a JSON object turned into Go `map[string]any` values).
private func render(_ source: String, _ data: JSONValue = [:]) throws -> String {
    try GoTemplate(source).render(TemplateValue(json: data))
}

private func parseError(_ source: String) -> String? {
    do {
        _ = try GoTemplate(source)
        return nil
    } catch {
        return error.description
    }
}

@Suite struct TemplateEngineTests {
    @Test func textAndActions() throws {
        #expect(try render("Hello, {{ .Name }}!", ["Name": "World"]) == "Hello, World!")
        #expect(try render("{{ . }}", "x") == "x")
        #expect(try render("a{{/* a comment */}}b") == "ab")
    }

    @Test func trimMarkersRemoveAllAdjacentWhitespace() throws {
        #expect(try render("a  \n\t {{- .X -}} \n\n b", ["X": "|"]) == "a|b")
        #expect(try render("a {{- /* c */ -}} b") == "ab")
        // A dash without a following space is a negative number, not a trim marker.
        #expect(try render("a {{-3}} b") == "a -3 b")
        // Trimming a text node away entirely.
        #expect(try render("{{ if true }}\n  {{- \"x\" }}\n{{- end }}") == "x")
    }

    @Test func missingMapKeysPrintNoValueLikeGo() throws {
        // Go: missingkey=zero on map[string]any yields a nil interface, printed "<no value>".
        #expect(try render("[{{ .Nope }}]") == "[<no value>]")
        #expect(try render("{{ if .Nope }}yes{{ else }}no{{ end }}") == "no")
    }

    @Test func ifElseIfChains() throws {
        let t = "{{ if eq .R \"a\" }}A{{ else if eq .R \"b\" }}B{{ else }}C{{ end }}"
        #expect(try render(t, ["R": "a"]) == "A")
        #expect(try render(t, ["R": "b"]) == "B")
        #expect(try render(t, ["R": "z"]) == "C")
    }

    @Test func truthinessFollowsGo() throws {
        let t = "{{ if .V }}T{{ else }}F{{ end }}"
        for (value, expected) in [(JSONValue.int(0), "F"), (1, "T"), ("", "F"), ("x", "T"), ([], "F"), ([1], "T"), ([:], "F"), (["k": 1], "T"), (nil, "F"), (false, "F")] {
            #expect(try render(t, ["V": value]) == expected, "value \(value)")
        }
    }

    @Test func rangeWithIndexElseBreakContinue() throws {
        let data: JSONValue = ["L": ["a", "b", "c", "d"]]
        #expect(try render("{{ range $i, $v := .L }}{{ $i }}={{ $v }};{{ end }}", data) == "0=a;1=b;2=c;3=d;")
        #expect(try render("{{ range .L }}{{ if eq . \"c\" }}{{ break }}{{ end }}{{ . }}{{ end }}", data) == "ab")
        #expect(try render("{{ range .L }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", data) == "acd")
        #expect(try render("{{ range .Empty }}x{{ else }}none{{ end }}", data) == "none")
        #expect(try render("{{ range $v := .L }}{{ $v }}{{ end }}", data) == "abcd")
        #expect(try render("{{ range 3 }}{{ . }}{{ end }}") == "012")
    }

    @Test func rangeOverMapIsSortedByKey() throws {
        let data: JSONValue = ["M": ["zeta": 1, "alpha": 2, "mid": 3]]
        #expect(try render("{{ range $k, $v := .M }}{{ $k }}:{{ $v }} {{ end }}", data) == "alpha:2 mid:3 zeta:1 ")
    }

    @Test func nestedRangeWithRootAndLastMessageIdiom() throws {
        let data: JSONValue = ["Messages": [["Role": "user"], ["Role": "assistant"], ["Role": "user"]]]
        let t = "{{- range $i, $m := .Messages }}{{- $last := eq (len (slice $.Messages $i)) 1 }}{{ $i }}{{ .Role }}{{ if $last }}!{{ end }} {{ end }}"
        #expect(try render(t, data) == "0user 1assistant 2user! ")
    }

    @Test func variablesDeclareAssignAndScope() throws {
        let t = "{{- $s := \"\" }}{{ range .L }}{{ $s = printf \"%s%s\" $s . }}{{ end }}{{ $s }}"
        #expect(try render(t, ["L": ["x", "y"]]) == "xy")
        #expect(try render("{{ with $x := .A }}{{ $x }}{{ end }}", ["A": "in"]) == "in")
        #expect(parseError("{{ with $x := 1 }}{{ end }}{{ $x }}") == "template: :1: undefined variable \"$x\"")
    }

    @Test func withSetsDotAndElse() throws {
        #expect(try render("{{ with .A }}{{ .B }}{{ else }}none{{ end }}", ["A": ["B": "b"]]) == "b")
        #expect(try render("{{ with .A }}{{ .B }}{{ else }}none{{ end }}", [:]) == "none")
        #expect(try render("{{ with .A }}a{{ else with .C }}{{ . }}{{ end }}", ["C": "c"]) == "c")
    }

    @Test func andOrReturnTheDecidingOperandAndShortCircuit() throws {
        #expect(try render("{{ and 1 0 2 }}") == "0")
        #expect(try render("{{ and 1 2 }}") == "2")
        #expect(try render("{{ or 0 \"\" \"x\" }}") == "x")
        #expect(try render("{{ or 0 \"\" }}") == "")
        // Short-circuit: the failing `index` call is never evaluated.
        #expect(try render("{{ or true (index .L 10) }}", ["L": [1]]) == "true")
        #expect(try render("{{ and false (index .L 10) }}", ["L": [1]]) == "false")
        #expect(throws: TemplateError.self) { try render("{{ and true (index .L 10) }}", ["L": [1]]) }
    }

    @Test func comparisons() throws {
        #expect(try render("{{ eq 1 2 3 1 }}") == "true")
        #expect(try render("{{ ne \"a\" \"b\" }}") == "true")
        #expect(try render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge \"b\" \"a\" }}") == "true true false true")
        #expect(try render("{{ eq .Missing \"x\" }}") == "false")
        let error = #expect(throws: TemplateError.self) { try render("{{ eq 1 \"1\" }}") }
        #expect(error?.message == "error calling eq: incompatible types for comparison")
    }

    @Test func lenIndexSlice() throws {
        let data: JSONValue = ["L": ["a", "b", "c"], "M": ["k": "v"], "S": "héllo"]
        #expect(try render("{{ len .L }} {{ len .M }} {{ len .S }}", data) == "3 1 6")
        #expect(try render("{{ index .L 1 }} {{ index .M \"k\" }} {{ index .S 0 }}", data) == "b v 104")
        #expect(try render("{{ slice .L 1 }} {{ slice .L 1 2 }} {{ slice .S 0 1 }}", data) == "[b c] [b] h")
        let error = #expect(throws: TemplateError.self) { try render("{{ index .L 3 }}", data) }
        #expect(error?.message == "error calling index: index out of range: 3")
    }

    @Test func printFunctions() throws {
        #expect(try render("{{ print 1 2 \"a\" 3 }}") == "1 2a3")
        #expect(try render("{{ println 1 \"a\" }}") == "1 a\n")
        let printed = try render("{{ printf \"%s|%d|%v|%q|%5.2f|%-4s|%03d|%x|%t\" \"s\" 42 1.5 \"q\\\"\" 3.14159 \"ab\" 7 255 true }}")
        #expect(printed == "s|42|1.5|\"q\\\"\"| 3.14|ab  |007|ff|true")
        #expect(try render("{{ printf \"%d\" \"x\" }}") == "%!d(string=x)")
        #expect(try render("{{ printf \"%s %s\" \"a\" }}") == "a %!s(MISSING)")
        #expect(try render("{{ printf \"%v %v\" 1e6 0.0001 }}") == "1e+06 0.0001")
        #expect(try render("{{ html \"<a href='x'>&</a>\" }}") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;")
        #expect(try render("{{ js \"a'b<\" }}") == "a\\'b\\u003C")
        #expect(try render("{{ urlquery \"a b&c/é\" }}") == "a+b%26c%2F%C3%A9")
    }

    @Test func pipelinesAndParentheses() throws {
        #expect(try render("{{ \"x\" | printf \"%s-%s\" \"y\" }}") == "y-x")
        #expect(try render("{{ .L | len }}", ["L": [1, 2]]) == "2")
        #expect(try render("{{ (index .L 0).Name }}", ["L": [["Name": "n"]]]) == "n")
    }

    @Test func jsonFunctionMarshalsLikeGo() throws {
        let data: JSONValue = ["A": ["b": 1, "a": "<&>", "c": [1.5, true, nil]]]
        // Go maps marshal with sorted keys; numbers decoded into `any` are float64.
        #expect(try render("{{ json .A }}", data) == #"{"a":"\u003c\u0026\u003e","b":1,"c":[1.5,true,null]}"#)
        #expect(try render("{{ json .Missing }}", data) == "null")
    }

    @Test func parseErrorsMatchGo() {
        #expect(parseError("{{ .A ") == "template: :1: unclosed action")
        #expect(parseError("{{ if .A }}x") == "template: :1: unexpected EOF")
        #expect(parseError("a\n{{ end }}") == "template: :2: unexpected {{end}}")
        #expect(parseError("{{ nope 1 }}") == "template: :1: function \"nope\" not defined")
        #expect(parseError("{{ break }}") == "template: :1: {{break}} outside {{range}}")
        #expect(parseError("{{ \"x\" | 1 }}") == "template: :1: non executable command in pipeline stage 2")
        #expect(parseError("{{ if }}{{ end }}") == "template: :1: missing value for if")
        #expect(parseError("{{/* x */ }}") == "template: :1: comment ends before closing delimiter")
        #expect(parseError("{{ \"abc }}") == "template: :1: unterminated quoted string")
        #expect(parseError("{{ .A }}\n{{ ) }}") == "template: :2: unexpected right paren")
    }

    @Test func executionErrors() {
        let e1 = #expect(throws: TemplateError.self) { try render("{{ .A.B }}", [:]) }
        #expect(e1?.message == "nil pointer evaluating interface {}.B")
        let e2 = #expect(throws: TemplateError.self) { try render("{{ .A 1 }}", ["A": 1]) }
        #expect(e2?.message == "A is not a method but has arguments")
    }
}
