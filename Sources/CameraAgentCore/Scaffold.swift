// Placeholder until the camera agent core lands.
