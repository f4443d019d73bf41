"""The pages in a real browser: Playwright driving Debian's Chromium, with axe-core."""
