package enum RegistryInfo { package static let name = "Registry" }
