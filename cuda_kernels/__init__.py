"""cuda_kernels"""
