"""Demo data: a catalogue that looks like a real emporium, and a generator that scales it.

``load_demo_catalogue()`` reads ``resources/demo`` (products, suppliers, categories, GST rules,
outlets, staff); ``generate_catalogue(n, seed)`` streams ``n`` products built from it.
"""

from pos.demo.catalogue import (
    Category,
    DemoCatalogue,
    DemoDataError,
    DemoOutlet,
    DemoStaff,
    VariantAxis,
    demo_data_dir,
    load_demo_catalogue,
)
from pos.demo.generator import generate_catalogue

__all__ = [
    "Category",
    "DemoCatalogue",
    "DemoDataError",
    "DemoOutlet",
    "DemoStaff",
    "VariantAxis",
    "demo_data_dir",
    "generate_catalogue",
    "load_demo_catalogue",
]
