"""Commands: render, compile, schema, voices, tools."""
