"""`python -m generator.demo`."""
from generator.demo import main

raise SystemExit(main())
