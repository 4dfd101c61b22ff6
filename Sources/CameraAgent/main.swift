print("camera-agent: not built yet")
