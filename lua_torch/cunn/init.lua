-- cunn: the CUDA nn backend; see cutorch/init.lua.
package.loaded['cunn'] = nil   -- so a second require says the same, not "previous error"
error(torch.CUDA_UNAVAILABLE, 0)
