"""Product pictures rendered on the server from the 3D models, offscreen on the CPU, and cached by content."""
