// Placeholder until the viewer agent core lands.
