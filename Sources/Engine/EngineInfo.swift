package enum EngineInfo { package static let name = "Engine" }
