def targeted_indicators(action):
    return []
