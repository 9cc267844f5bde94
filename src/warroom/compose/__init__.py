"""Message drafts: template discovery, sandboxed rendering, the facts they are filled from."""
