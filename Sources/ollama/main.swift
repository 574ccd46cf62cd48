import Server

print("ollama version is \(ServerInfo.version)")
