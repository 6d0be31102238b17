"""Staff views of episodes, by sub-domain: one module each; urls.py imports from them."""
