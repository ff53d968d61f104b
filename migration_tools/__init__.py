"""migration_tools"""
