-- cutorch: CUDA tensors for Torch7 scripts.  luatorch's CUDA backend (cuda_kernels, through cupy) is
-- not available to Lua in this build, so requiring it fails with one clear sentence: scripts that do
-- `pcall(require, 'cutorch')` fall back to the CPU exactly as they did on machines without a GPU.
package.loaded['cutorch'] = nil   -- so a second require says the same, not "previous error"
error(torch.CUDA_UNAVAILABLE, 0)
