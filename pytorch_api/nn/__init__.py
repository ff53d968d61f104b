from .parameter import Parameter
