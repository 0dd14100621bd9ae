"""governance: open, enforceable self-governance for peer-run mental health organisations."""

import os

# Piccolo finds its configuration (the registered apps) through this variable; the engine
# itself is bound at start-up from Settings, never from the environment.
os.environ.setdefault("PICCOLO_CONF", "governance.piccolo_conf")
