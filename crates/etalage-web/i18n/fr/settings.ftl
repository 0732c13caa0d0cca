# Site settings: snippet, goals, API keys, share links.
