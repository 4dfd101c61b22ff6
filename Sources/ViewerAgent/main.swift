print("viewer-agent: not built yet")
