-- cudnn: NVIDIA cuDNN bindings; see cutorch/init.lua.  Saved models that name cudnn.* layers still
-- load: the classes resolve to their nn counterparts (nn/cudnn_aliases.lua).
package.loaded['cudnn'] = nil   -- so a second require says the same, not "previous error"
error(torch.CUDA_UNAVAILABLE, 0)
