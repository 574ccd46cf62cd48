/// The sampling fields shared by `/v1/chat/completions` and `/v1/completions`, as native options.
enum OpenAISampling {
    /// `options` (extension) and `num_ctx` first, then the OpenAI fields; `temperature` and
    /// `top_p` are 1.0 when absent (OpenAI's defaults, as ollama sends them).
    static func options(_ object: JSONObject, maxTokenKeys: [String]) throws -> JSONObject {
        var options = object["options"]?.objectValue ?? JSONObject()
        if let ctx = object["num_ctx"], !ctx.isNull { options["num_ctx"] = ctx }
        for key in maxTokenKeys {
            if let value = object[key], !value.isNull {
                guard value.intValue != nil else { throw OpenAIError.invalidRequest("'\(key)' must be an integer") }
                options["num_predict"] = value
                break
            }
        }
        for key in ["seed", "frequency_penalty", "presence_penalty"] {
            if let value = object[key], !value.isNull {
                guard value.doubleValue != nil else { throw OpenAIError.invalidRequest("'\(key)' must be a number") }
                options[key] = value
            }
        }
        for key in ["temperature", "top_p"] {
            if let value = object[key], !value.isNull {
                guard value.doubleValue != nil else { throw OpenAIError.invalidRequest("'\(key)' must be a number") }
                options[key] = value
            } else if options[key] == nil {
                options[key] = .number(1.0)
            }
        }
        switch object["stop"] ?? .null {
        case .null: break
        case .string(let stop): options["stop"] = .array([.string(stop)])
        case .array(let stops):
            guard stops.allSatisfy({ $0.stringValue != nil }) else {
                throw OpenAIError.invalidRequest("invalid type for 'stop' field")
            }
            options["stop"] = .array(stops)
        default:
            throw OpenAIError.invalidRequest("invalid type for 'stop' field")
        }
        return options
    }

    /// `reasoning_effort` or `reasoning.effort` → `think` (ollama-api.md §1.8).
    static func think(_ object: JSONObject) throws -> ThinkValue? {
        guard let effort = object["reasoning_effort"]?.stringValue ?? object["reasoning"]?["effort"]?.stringValue
        else { return nil }
        switch effort {
        case "none": return .enabled(false)
        case "minimal": return .level("low")
        case "low", "medium", "high", "max": return .level(effort)
        case "xhigh", "ultra": return .level("max")
        default:
            throw OpenAIError.invalidRequest(
                "invalid reasoning value: '\(effort)' (must be \"none\", \"minimal\", \"low\", \"medium\", \"high\", \"max\", \"xhigh\", or \"ultra\")")
        }
    }
}
