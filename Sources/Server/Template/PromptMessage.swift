/// A chat message as a template sees it (ollama's `api.Message`).
package struct PromptMessage: Sendable, Equatable {
    package var role: String
    package var content: String
    package var thinking: String
    /// Base64 image payloads (templates only test whether there are any).
    package var images: [String]
    package var toolCalls: [PromptToolCall]
    package var toolName: String
    package var toolCallID: String

    package init(role: String, content: String = "", thinking: String = "", images: [String] = [],
                 toolCalls: [PromptToolCall] = [], toolName: String = "", toolCallID: String = "") {
        self.role = role
        self.content = content
        self.thinking = thinking
        self.images = images
        self.toolCalls = toolCalls
        self.toolName = toolName
        self.toolCallID = toolCallID
    }
}

/// A tool call inside an assistant message (ollama's `api.ToolCall`).
package struct PromptToolCall: Sendable, Equatable {
    package var id: String
    package var index: Int
    package var name: String
    package var arguments: JSONObject

    package init(id: String = "", index: Int = 0, name: String, arguments: JSONObject = JSONObject()) {
        self.id = id
        self.index = index
        self.name = name
        self.arguments = arguments
    }
}

/// Builds the Go values ollama's `template.Execute` passes for messages and tools.
package enum ToolTemplateData {
    /// The Go type name of a tool property (what `toTypeScriptType` accepts).
    package static let propertyTypeName = "api.ToolProperty"

    /// How `.Function.Parameters.Properties` is ordered when ranged or marshalled.
    package enum PropertyOrder: Sendable {
        /// ollama converts properties to a Go map, so `range` and `json` see sorted keys.
        case sorted
        /// The order the client sent (what the model's own Jinja template would show).
        case insertion
    }

    /// `*template.templateMessage`.
    package static func message(_ m: PromptMessage) -> TemplateValue {
        let calls = m.toolCalls.map { call -> TemplateValue in
            let arguments = TemplateMap(call.arguments.map { ($0.key, TemplateValue(json: $0.value)) }, printsAsJSON: true)
            let function = TemplateRecord(typeName: "template.templateToolCallFunction", fields: [
                ("Index", .int(call.index)), ("Name", .string(call.name)), ("Arguments", .map(arguments)),
            ])
            return .record(TemplateRecord(typeName: "template.templateToolCall", fields: [
                ("ID", .string(call.id)), ("Function", .record(function)),
            ]))
        }
        return .record(TemplateRecord(typeName: "*template.templateMessage", fields: [
            ("Role", .string(m.role)),
            ("Content", .string(m.content)),
            ("Thinking", .string(m.thinking)),
            ("Images", .strings(m.images)),
            ("ToolCalls", .list(TemplateList(calls, isNil: calls.isEmpty))),
            ("ToolName", .string(m.toolName)),
            ("ToolCallID", .string(m.toolCallID)),
        ], isPointer: true))
    }

    /// `template.templateTools` from the tools' JSON as the client sent it; nil when there are none.
    package static func tools(_ tools: [JSONValue], order: PropertyOrder = .sorted) -> TemplateValue {
        .list(TemplateList(tools.map { tool($0, order: order) }, style: .json, isNil: tools.isEmpty))
    }

    static func tool(_ json: JSONValue, order: PropertyOrder) -> TemplateValue {
        let function = json["function"] ?? .null
        let parameters = function["parameters"] ?? .null
        let parametersRecord = TemplateRecord(typeName: "template.templateToolFunctionParameters", fields: [
            ("Type", .string(parameters["type"]?.stringValue ?? "")),
            ("Defs", parameters["$defs"].map(TemplateValue.init(json:)) ?? .missing),
            ("Items", parameters["items"].map(TemplateValue.init(json:)) ?? .missing),
            ("Required", .strings(stringArray(parameters["required"]))),
            ("Properties", .map(properties(parameters["properties"], order: order, printsAsJSON: true))),
        ], jsonFields: [
            .init("type", field: "Type"), .init("$defs", field: "Defs", omitEmpty: true),
            .init("items", field: "Items", omitEmpty: true), .init("required", field: "Required", omitEmpty: true),
            .init("properties", field: "Properties"),
        ])
        let functionRecord = TemplateRecord(typeName: "template.templateToolFunction", fields: [
            ("Name", .string(function["name"]?.stringValue ?? "")),
            ("Description", .string(function["description"]?.stringValue ?? "")),
            ("Parameters", .record(parametersRecord)),
        ], jsonFields: [.init("name", field: "Name"), .init("description", field: "Description"), .init("parameters", field: "Parameters")])
        return .record(TemplateRecord(typeName: "template.templateTool", fields: [
            ("Type", .string(json["type"]?.stringValue ?? "")),
            ("Items", json["items"].map(TemplateValue.init(json:)) ?? .missing),
            ("Function", .record(functionRecord)),
        ], jsonFields: [.init("type", field: "Type"), .init("items", field: "Items", omitEmpty: true), .init("function", field: "Function")]))
    }

    static func properties(_ json: JSONValue?, order: PropertyOrder, printsAsJSON: Bool) -> TemplateMap {
        guard case .object(let object)? = json else { return TemplateMap(sortedKeys: order == .sorted, printsAsJSON: printsAsJSON, isNil: true) }
        return TemplateMap(object.map { ($0.key, property($0.value, order: order)) }, sortedKeys: order == .sorted, printsAsJSON: printsAsJSON)
    }

    /// `api.ToolProperty`.
    static func property(_ json: JSONValue, order: PropertyOrder) -> TemplateValue {
        var types: [String] = []
        switch json["type"] {
        case .string(let s)?: types = [s]
        case .array(let a)?: types = a.compactMap(\.stringValue)
        default: break
        }
        let anyOf = (json["anyOf"]?.arrayValue ?? []).map { property($0, order: order) }
        let enumValues = (json["enum"]?.arrayValue ?? []).map(TemplateValue.init(json:))
        // Nested properties are an ordered map in ollama (kept in insertion order).
        var nested = properties(json["properties"], order: .insertion, printsAsJSON: false)
        if json["properties"] == nil { nested.isNil = true }
        return .record(TemplateRecord(typeName: propertyTypeName, fields: [
            ("AnyOf", .list(TemplateList(anyOf, isNil: anyOf.isEmpty))),
            ("Type", .list(TemplateList(types.map(TemplateValue.string), style: .propertyType, isNil: types.isEmpty))),
            ("Items", json["items"].map(TemplateValue.init(json:)) ?? .missing),
            ("Description", .string(json["description"]?.stringValue ?? "")),
            ("Enum", .list(TemplateList(enumValues, isNil: enumValues.isEmpty))),
            ("Properties", json["properties"] == nil ? .missing : .map(nested)),
            ("Required", .strings(stringArray(json["required"]))),
        ], jsonFields: [
            .init("anyOf", field: "AnyOf", omitEmpty: true), .init("type", field: "Type", omitEmpty: true),
            .init("items", field: "Items", omitEmpty: true), .init("description", field: "Description", omitEmpty: true),
            .init("enum", field: "Enum", omitEmpty: true), .init("properties", field: "Properties", omitEmpty: true),
            .init("required", field: "Required", omitEmpty: true),
        ]))
    }

    private static func stringArray(_ json: JSONValue?) -> [String] {
        (json?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
