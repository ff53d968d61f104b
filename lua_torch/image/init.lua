-- image: Torch7's image package.  Images are nChannel x H x W tensors in [0, 1] (or bytes with the
-- 'byte' type).  Codecs and resampling are Pillow's (bridge/imageio.py); the rest is tensor code.
require 'torch'
local py = require 'torch._python'

image = image or {}
local function call(fn, ...) return py.call('bridge.imageio', fn, ...) end

local function as_type(byte, tensortype)
   if tensortype == 'byte' then return byte end
   local t = byte:type(tensortype and ('torch.' .. tensortype:sub(1, 1):upper() .. tensortype:sub(2) .. 'Tensor')
                       or torch.getdefaulttensortype())
   return t:div(255)
end

-- image.load(path[, depth[, tensortype ('float', 'double', 'byte')]])
function image.load(path, depth, tensortype)
   if type(path) ~= 'string' then error('image.load: expecting a file name', 2) end
   local ok, res = pcall(call, 'load', path, depth)
   if not ok then error(tostring(res):match('^[^\n]*'), 2) end
   return as_type(res, tensortype)
end
image.loadPNG, image.loadJPG, image.loadPPM = image.load, image.load, image.load

function image.save(path, t)
   local ok, res = pcall(call, 'save', path, t:contiguous())
   if not ok then error(tostring(res):match('^[^\n]*'), 2) end
   return res
end
image.savePNG, image.saveJPG, image.savePPM = image.save, image.save, image.save

local function typed_like(result, src) return result:type(src:type()) end

-- image.scale(src, width, height[, mode]) / (src, 'WxH') / (src, size) (longest side)
function image.scale(src, width, height, mode)
   local h, w = src:size(src:dim() - 1), src:size(src:dim())
   if type(width) == 'string' and width:find('x') then
      mode = height
      width, height = width:match('(%d+)x(%d+)')
      width, height = tonumber(width), tonumber(height)
   elseif type(height) ~= 'number' then
      mode = height
      local s = width / math.max(h, w)
      width, height = math.floor(w * s + 0.5), math.floor(h * s + 0.5)
   end
   return typed_like(call('scale', src:double(), width, height, mode), src)
end

-- image.crop(src, format, w, h) with format 'c', 'tl', 'tr', 'bl', 'br'; or (src, x1, y1, x2, y2)
-- with 0-based, end-exclusive pixel coordinates (Torch7's convention)
function image.crop(src, a, b, c, d)
   local H, W = src:size(src:dim() - 1), src:size(src:dim())
   local x1, y1, x2, y2
   if type(a) == 'string' then
      local cw, ch = b, c
      local at = {c = {math.floor((W - cw) / 2), math.floor((H - ch) / 2)}, tl = {0, 0}, tr = {W - cw, 0},
                  bl = {0, H - ch}, br = {W - cw, H - ch}}
      local p = at[a] or error('image.crop: unknown format ' .. a, 2)
      x1, y1, x2, y2 = p[1], p[2], p[1] + cw, p[2] + ch
   elseif c == nil then
      x1, y1, x2, y2 = a, b, a + 1, b + 1
   else
      x1, y1, x2, y2 = a, b, c, d
   end
   if x1 < 0 or y1 < 0 or x2 > W or y2 > H or x2 <= x1 or y2 <= y1 then
      error(string.format('image.crop: crop (%d,%d)-(%d,%d) is outside the %dx%d image', x1, y1, x2, y2, W, H), 2)
   end
   local out = src:narrow(src:dim() - 1, y1 + 1, y2 - y1):narrow(src:dim(), x1 + 1, x2 - x1)
   return out:clone()
end

function image.hflip(dst, src)
   if not src then src, dst = dst, nil end
   local W = src:size(src:dim())
   local idx = torch.range(W, 1, -1):long()
   local out = src:index(src:dim(), idx)
   if dst then return dst:resizeAs(out):copy(out) end
   return out
end

function image.vflip(dst, src)
   if not src then src, dst = dst, nil end
   local H = src:size(src:dim() - 1)
   local out = src:index(src:dim() - 1, torch.range(H, 1, -1):long())
   if dst then return dst:resizeAs(out):copy(out) end
   return out
end

function image.rotate(src, theta, mode)
   return typed_like(call('rotate', src:double(), theta, mode), src)
end

-- shift by (x, y) pixels, filling with zeros
function image.translate(src, x, y)
   local out = src.new():resizeAs(src):zero()
   local H, W = src:size(src:dim() - 1), src:size(src:dim())
   local w, h = W - math.abs(x), H - math.abs(y)
   if w > 0 and h > 0 then
      local s = src:narrow(src:dim(), x >= 0 and 1 or 1 - x, w):narrow(src:dim() - 1, y >= 0 and 1 or 1 - y, h)
      out:narrow(src:dim(), x >= 0 and 1 + x or 1, w):narrow(src:dim() - 1, y >= 0 and 1 + y or 1, h):copy(s)
   end
   return out
end

local function mix(src, m)
   -- out[c] = sum_k m[c][k] * src[k] over the channel dim, as one matrix product
   local C, H, W = src:size(1), src:size(2), src:size(3)
   local out = torch.mm(torch.Tensor(m):typeAs(src), src:contiguous():view(C, H * W))
   return out:view(#m, H, W)
end

function image.rgb2y(src) return mix(src, {{0.299, 0.587, 0.114}}) end
function image.rgb2yuv(src)
   return mix(src, {{0.299, 0.587, 0.114}, {-0.14713, -0.28886, 0.436}, {0.615, -0.51499, -0.10001}})
end
function image.yuv2rgb(src)
   return mix(src, {{1, 0, 1.13983}, {1, -0.39465, -0.58060}, {1, 2.03211, 0}})
end

-- image.gaussian(size[, sigma=0.25[, amplitude=1[, normalize=false]]]) (sigma relative to size)
function image.gaussian(size, sigma, amplitude, normalize, width, height)
   size = size or 3
   sigma, amplitude = sigma or 0.25, amplitude or 1
   local w, h = width or size, height or size
   local xs = torch.range(1, w):add(-(w + 1) / 2):div(sigma * w)
   local ys = torch.range(1, h):add(-(h + 1) / 2):div(sigma * h)
   local g = torch.ger(ys:pow(2), torch.ones(w)):add(torch.ger(torch.ones(h), xs:pow(2))):mul(-0.5):exp():mul(amplitude)
   if normalize then g:div(g:sum()) end
   return g
end

function image.gaussian1D(size, sigma, amplitude, normalize)
   return image.gaussian(size, sigma, amplitude, normalize, size, 1):view(size)
end

function image.laplacian(size, sigma, amplitude, normalize)
   local g = image.gaussian(size, sigma, amplitude, false)
   local lap = g:clone():mul(-1):add(g:max())
   if normalize then lap:div(lap:sum()) end
   return lap
end

-- image.convolve(src, kernel[, mode='valid'|'same'|'full'])
function image.convolve(src, kernel, mode)
   mode = mode or 'valid'
   local full = torch.conv2(src, kernel, 'F')
   if mode == 'full' then return full end
   if mode == 'valid' then return torch.conv2(src, kernel, 'V') end
   local kh, kw = kernel:size(1), kernel:size(2)
   local H, W = src:size(src:dim() - 1), src:size(src:dim())
   return full:narrow(full:dim() - 1, math.floor(kh / 2) + 1, H):narrow(full:dim(), math.floor(kw / 2) + 1, W):clone()
end

-- image.minmax{tensor=, min=, max=}: rescale to [0, 1]
function image.minmax(args)
   local t = args.tensor or args[1]
   local lo, hi = args.min or t:min(), args.max or t:max()
   local out = t:clone():add(-lo)
   if hi > lo then out:div(hi - lo) end
   return out:clamp(0, 1)
end

-- a grid of images (a table or a batch N x C x H x W) as one displayable tensor
function image.toDisplayTensor(args)
   local input = args.input or args[1]
   local padding, nrow = args.padding or 0, args.nrow
   local list = {}
   if torch.isTensor(input) then
      if input:dim() == 4 then for i = 1, input:size(1) do list[i] = input[i] end
      elseif input:dim() == 3 and input:size(1) ~= 1 and input:size(1) ~= 3 then
         for i = 1, input:size(1) do list[i] = input[i]:view(1, input:size(2), input:size(3)) end
      else list[1] = input end
   else
      list = input
   end
   local n = #list
   nrow = nrow or math.ceil(math.sqrt(n))
   local rows = math.ceil(n / nrow)
   local first = list[1]:dim() == 2 and list[1]:view(1, list[1]:size(1), list[1]:size(2)) or list[1]
   local C, H, W = first:size(1), first:size(2), first:size(3)
   local out = first.new(C, rows * (H + padding) + padding, nrow * (W + padding) + padding):zero()
   for i, img in ipairs(list) do
      if img:dim() == 2 then img = img:view(1, img:size(1), img:size(2)) end
      if args.scaleeach or args.min then img = image.minmax{tensor = img, min = args.min, max = args.max} end
      local r, c = math.floor((i - 1) / nrow), (i - 1) % nrow
      out:narrow(2, r * (H + padding) + padding + 1, H):narrow(3, c * (W + padding) + padding + 1, W):copy(img)
   end
   return out
end

-- no screen here: the image is written to a PNG and its path printed
image._displayed = 0
function image.display(args)
   local img = torch.isTensor(args) and args or args.image
   local t = image.toDisplayTensor({input = img, padding = args.padding, nrow = args.nrow})
   image._displayed = image._displayed + 1
   local path = (type(args) == 'table' and args.win) and tostring(args.win) or
      string.format('%s/image_display_%d.png', paths.cwd(), image._displayed)
   image.save(path, image.minmax{tensor = t})
   print('image.display: no screen here; written to ' .. path)
   return path
end

-- a drawn rectangle (1-based inclusive pixel coordinates), in place on a copy
function image.drawRect(img, x1, y1, x2, y2, opts)
   opts = opts or {}
   local out = opts.inplace and img or img:clone()
   local color = opts.color or {255, 0, 0}
   local w = opts.lineWidth or 1
   for c = 1, out:size(1) do
      local v = color[c] or color[1]
      if out:type() ~= 'torch.ByteTensor' then v = v / 255 end
      local plane = out[c]
      plane:sub(y1, math.min(y1 + w - 1, y2), x1, x2):fill(v)
      plane:sub(math.max(y2 - w + 1, y1), y2, x1, x2):fill(v)
      plane:sub(y1, y2, x1, math.min(x1 + w - 1, x2)):fill(v)
      plane:sub(y1, y2, math.max(x2 - w + 1, x1), x2):fill(v)
   end
   return out
end

-- a synthetic test picture (a smooth colour pattern), in place of the lena image Torch7 shipped
function image.lena()
   local H, W = 128, 128
   local ys = torch.range(0, H - 1):div(H - 1)
   local xs = torch.range(0, W - 1):div(W - 1)
   local img = torch.Tensor(3, H, W)
   img[1]:copy(torch.ger(ys, torch.ones(W)))
   img[2]:copy(torch.ger(torch.ones(H), xs))
   img[3]:copy(torch.ger(ys, xs):mul(2 * math.pi):sin():add(1):div(2))
   return img
end

return image
