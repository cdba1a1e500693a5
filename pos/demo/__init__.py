"""Demo data: a catalogue that looks like a real emporium, and a generator that scales it."""
