"""pytorch_api"""
