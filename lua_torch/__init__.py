"""lua_torch"""
