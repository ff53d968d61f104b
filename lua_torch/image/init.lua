-- image: Torch7's image package; codecs and resampling by Pillow (lua_torch/image/backend.py).
-- Whole images cross the bridge as raw bytes, never per pixel.
require 'torch'
local ffi = require 'ffi'

image = {}   -- a global, as Torch7's libimage registered it: scripts call image.scale after a bare require
local backend
local function B()
   if not backend then
      backend = python.eval('__import__("importlib").import_module("lua_torch.image.backend")')
   end
   return backend
end

-- address of a contiguous tensor's data, for a numpy view on the Python side (no copy)
local function addrOf(t)
   return tonumber(ffi.cast('uintptr_t', t:data()))
end

local function as3d(img)
   if img:dim() == 2 then return img:view(1, img:size(1), img:size(2)), true end
   if img:dim() ~= 3 then error('image: expected a 2D (HxW) or 3D (CxHxW) tensor, got ' .. img:dim() .. 'D', 3) end
   return img, false
end

-- image.load(path [, depth [, tensortype]]): nChannel x H x W, float/double in [0,1] or byte in [0,255]
function image.load(path, depth, ttype)
   if type(path) ~= 'string' then error('image.load: expected a file name', 2) end
   ttype = ttype or 'float'
   local r = { B().load(path, depth or 0) }
   if r[1] == nil then error(r[2], 2) end
   local data, c, h, w = r[1], r[2], r[3], r[4]
   local b = torch.ByteTensor(c, h, w)
   ffi.copy(b:data(), data, c * h * w)
   local out
   if ttype == 'byte' then out = b
   elseif ttype == 'float' then out = b:float():div(255)
   elseif ttype == 'double' then out = b:double():div(255)
   else error("image.load: tensortype must be 'byte', 'float' or 'double'", 2) end
   if depth == 1 then out = out[1] end
   return out
end

-- image.save(path, img): img in [0,1] (float/double) or [0,255] (byte); format from the extension
function image.save(path, img)
   if type(path) ~= 'string' or not torch.isTensor(img) then error('image.save(path, tensor)', 2) end
   local x = as3d(img)
   local b
   if torch.type(x) == 'torch.ByteTensor' then b = x:contiguous()
   else b = x:double():clone():mul(255):add(0.5):clamp(0, 255):byte() end
   local c = b:size(1)
   if c ~= 1 and c ~= 3 and c ~= 4 then error('image.save: 1, 3 or 4 channels expected, got ' .. c, 2) end
   local err = B().save(path, addrOf(b), c, b:size(2), b:size(3))
   if err then error(err, 2) end
end

function image.hflip(dst, src)
   if src == nil then src, dst = dst, nil end
   local d = src:dim()
   local w = src:size(d)
   local idx = torch.LongTensor(w)
   for i = 1, w do idx[i] = w - i + 1 end
   local r = src:index(d, idx)
   if dst then dst:resizeAs(r):copy(r); return dst end
   return r
end

function image.vflip(dst, src)
   if src == nil then src, dst = dst, nil end
   local d = src:dim() - 1
   local h = src:size(d)
   local idx = torch.LongTensor(h)
   for i = 1, h do idx[i] = h - i + 1 end
   local r = src:index(d, idx)
   if dst then dst:resizeAs(r):copy(r); return dst end
   return r
end

-- image.crop([dst,] src, x1, y1 [, x2, y2]) : 0-based, end-exclusive pixels;
-- image.crop(src, format, w, h) with format 'c','tl','tr','bl','br'
function image.crop(...)
   local a = { ... }
   local dst
   if torch.isTensor(a[1]) and torch.isTensor(a[2]) then dst = table.remove(a, 1) end
   local src = a[1]
   local x, was2d = as3d(src)
   local H, W = x:size(2), x:size(3)
   local x1, y1, x2, y2
   if type(a[2]) == 'string' then
      local fmt, w, h = a[2], a[3], a[4]
      if fmt == 'c' then x1 = math.floor((W - w) / 2); y1 = math.floor((H - h) / 2)
      elseif fmt == 'tl' then x1, y1 = 0, 0
      elseif fmt == 'tr' then x1, y1 = W - w, 0
      elseif fmt == 'bl' then x1, y1 = 0, H - h
      elseif fmt == 'br' then x1, y1 = W - w, H - h
      else error("image.crop: format must be 'c', 'tl', 'tr', 'bl' or 'br'", 2) end
      x2, y2 = x1 + w, y1 + h
   else
      x1, y1, x2, y2 = a[2], a[3], a[4], a[5]
      if x2 == nil then
         if not dst then error('image.crop: give x2, y2 or a destination tensor', 2) end
         x2, y2 = x1 + dst:size(dst:dim()), y1 + dst:size(dst:dim() - 1)
      end
   end
   if x1 < 0 or y1 < 0 or x2 > W or y2 > H or x2 <= x1 or y2 <= y1 then
      error(string.format('image.crop: crop (%d,%d)-(%d,%d) outside the %dx%d image', x1, y1, x2, y2, W, H), 2)
   end
   local r = x:narrow(2, y1 + 1, y2 - y1):narrow(3, x1 + 1, x2 - x1):clone()
   if was2d then r = r[1] end
   if dst then dst:resizeAs(r):copy(r); return dst end
   return r
end

-- image.scale(src, width, height [, mode]) / image.scale(src, 'WxH') / image.scale(src, maxsize)
function image.scale(src, w, h, mode)
   local x, was2d = as3d(src)
   local H, W = x:size(2), x:size(3)
   if type(w) == 'string' and w:match('^%d+x%d+$') then
      mode = h; local sw, sh = w:match('^(%d+)x(%d+)$'); w, h = tonumber(sw), tonumber(sh)
   elseif type(h) ~= 'number' then
      mode = h
      local size = w
      if H > W then h = size; w = math.floor(W * size / H) else w = size; h = math.floor(H * size / W) end
   end
   mode = mode or 'bilinear'
   local f = x:float():contiguous()
   local r = { B().resize(addrOf(f), x:size(1), H, W, h, w, mode) }
   if r[1] == nil then error(r[2], 2) end
   local out = torch.FloatTensor(x:size(1), h, w)
   ffi.copy(out:data(), r[1], out:nElement() * 4)
   if torch.type(src) == 'torch.ByteTensor' then out = out:add(0.5):clamp(0, 255) end
   out = out:type(torch.type(src))
   if was2d then out = out[1] end
   return out
end

function image.minmax(args)
   local t = args.tensor
   local mn, mx = args.min or t:min(), args.max or t:max()
   local r = t:clone()
   if mx - mn > 0 then r:add(-mn):div(mx - mn) else r:zero() end
   return r
end

function image.rgb2y(x)
   local y = x[1]:clone():mul(0.299):add(0.587, x[2]):add(0.114, x[3])
   return y:view(1, x:size(2), x:size(3))
end

function image.gaussian(size, sigma, amplitude, normalize)
   size = size or 3; sigma = sigma or 0.25; amplitude = amplitude or 1
   local k = torch.DoubleTensor(size, size)
   local c = (size + 1) / 2
   for i = 1, size do for j = 1, size do
      local dy, dx = (i - c) / (sigma * size), (j - c) / (sigma * size)
      k[i][j] = amplitude * math.exp(-(dx * dx + dy * dy) / 2)
   end end
   if normalize then k:div(k:sum()) end
   return k
end

-- a synthetic test pattern shipped with the package (generated, public domain)
function image.lena()
   local here = debug.getinfo(1, 'S').source:sub(2):match('(.*)/') or '.'
   return image.load(here .. '/assets/pattern.png', 3, 'float')
end

-- no screen here: write a PNG and print where it went
function image.display(args)
   local img = torch.isTensor(args) and args or args.image
   local name = (type(args) == 'table' and not torch.isTensor(args) and args.saveAs) or os.tmpname() .. '.png'
   local x = image.minmax{ tensor = img:double() }
   image.save(name, x)
   print('image.display: no screen, image written to ' .. name)
   return name
end

-- image.rotate(src, theta [, mode]): anticlockwise by theta radians about the centre, same size
function image.rotate(src, theta, mode)
   local x, was2d = as3d(src)
   local f = x:float():contiguous()
   local data = B().rotate(addrOf(f), x:size(1), x:size(2), x:size(3), theta, mode or 'simple')
   local out = torch.FloatTensor(x:size(1), x:size(2), x:size(3))
   ffi.copy(out:data(), data, out:nElement() * 4)
   out = out:type(torch.type(src))
   if was2d then out = out[1] end
   return out
end

-- image.translate(src, x, y): shifts right by x, down by y pixels; uncovered pixels are 0
function image.translate(src, dx, dy)
   local x, was2d = as3d(src)
   local H, W = x:size(2), x:size(3)
   local out = x:clone():zero()
   local w, h = W - math.abs(dx), H - math.abs(dy)
   if w > 0 and h > 0 then
      out:narrow(2, math.max(dy, 0) + 1, h):narrow(3, math.max(dx, 0) + 1, w)
         :copy(x:narrow(2, math.max(-dy, 0) + 1, h):narrow(3, math.max(-dx, 0) + 1, w))
   end
   if was2d then out = out[1] end
   return out
end

local function mix(x, m)
   -- out[c] = sum_k m[c][k] * x[k] over the channel dim, as one matrix product
   local C, H, W = x:size(1), x:size(2), x:size(3)
   local M = torch.Tensor(m):typeAs(x)
   return (M * x:contiguous():view(C, H * W)):view(C, H, W)
end
function image.rgb2yuv(x)
   return mix(x, { { 0.299, 0.587, 0.114 }, { -0.14713, -0.28886, 0.436 }, { 0.615, -0.51499, -0.10001 } })
end
function image.yuv2rgb(x)
   return mix(x, { { 1, 0, 1.13983 }, { 1, -0.39465, -0.58060 }, { 1, 2.03211, 0 } })
end

local function colour(x, op)
   local d = x:double():contiguous()
   local data = B().colour(addrOf(d), d:size(2), d:size(3), op)
   local out = torch.DoubleTensor(3, d:size(2), d:size(3))
   ffi.copy(out:data(), data, out:nElement() * 8)
   return out:typeAs(x)
end
-- hue, saturation, lightness in [0,1]
function image.rgb2hsl(x) return colour(x, 'rgb2hsl') end
-- CIE L*a*b* (D65) from sRGB in [0,1]
function image.rgb2lab(x) return colour(x, 'rgb2lab') end

function image.laplacian(size, sigma, amplitude, normalize)
   local g = image.gaussian(size, sigma, amplitude, false)
   local k = g:clone():fill(0)
   size = size or 3; sigma = sigma or 0.25
   local c = (size + 1) / 2
   for i = 1, size do for j = 1, size do
      local dy, dx = (i - c) / (sigma * size), (j - c) / (sigma * size)
      local r2 = dx * dx + dy * dy
      k[i][j] = g[i][j] * (r2 - 2)
   end end
   if normalize then k:add(-k:mean()) end
   return k
end

-- image.convolve(src, kernel [, mode]): per-channel 2D convolution with the core's torch.conv2
-- (mode 'valid' (default) or 'full' as torch.conv2; 'same' crops 'full' back to the input size)
function image.convolve(src, kernel, mode)
   mode = mode or 'valid'
   local x, was2d = as3d(src)
   local k = kernel:typeAs(x)
   local cmode = (mode == 'valid') and 'V' or 'F'
   local outs = {}
   for c = 1, x:size(1) do
      local r = torch.conv2(x[c], k, cmode)
      if mode == 'same' then
         local oy, ox = math.floor((k:size(1) - 1) / 2), math.floor((k:size(2) - 1) / 2)
         r = r:narrow(1, oy + 1, x:size(2)):narrow(2, ox + 1, x:size(3))
      end
      outs[c] = r:contiguous():view(1, r:size(1), r:size(2))
   end
   local out = torch.cat(outs, 1)
   if was2d then out = out[1] end
   return out
end

-- image.drawRect(img, x1, y1, x2, y2 [, {lineWidth=, color={r,g,b}, inplace=}]) (1-based inclusive)
function image.drawRect(img, x1, y1, x2, y2, opts)
   opts = opts or {}
   local out = opts.inplace and img or img:clone()
   local x = as3d(out)
   local lw = opts.lineWidth or 1
   local color = opts.color or { 255, 0, 0 }
   local scale = (torch.type(img) == 'torch.ByteTensor') and 1 or 1 / 255
   for c = 1, x:size(1) do
      local v = (color[c] or color[1]) * scale
      local ch = x[c]
      ch:narrow(1, y1, lw):narrow(2, x1, x2 - x1 + 1):fill(v)
      ch:narrow(1, y2 - lw + 1, lw):narrow(2, x1, x2 - x1 + 1):fill(v)
      ch:narrow(2, x1, lw):narrow(1, y1, y2 - y1 + 1):fill(v)
      ch:narrow(2, x2 - lw + 1, lw):narrow(1, y1, y2 - y1 + 1):fill(v)
   end
   return out
end

-- image.drawText(img, text, x, y [, {color={r,g,b}, bg={r,g,b}, size=, inplace=}]) (x, y 1-based)
function image.drawText(img, text, x, y, opts)
   opts = opts or {}
   local isByte = torch.type(img) == 'torch.ByteTensor'
   local x3, was2d = as3d(img)
   local b = isByte and x3:clone() or x3:double():mul(255):add(0.5):clamp(0, 255):byte()
   b = b:contiguous()
   local col = opts.color or { 255, 0, 0 }
   local bg = opts.bg
   B().draw_text(addrOf(b), b:size(1), b:size(2), b:size(3), tostring(text), x - 1, y - 1, opts.size or 10,
      col[1], col[2] or col[1], col[3] or col[1], bg and bg[1] or nil, bg and (bg[2] or bg[1]) or nil,
      bg and (bg[3] or bg[1]) or nil)
   local out = isByte and b or b:typeAs(x3):div(255)
   if was2d then out = out[1] end
   if opts.inplace then img:copy(out); return img end
   return out
end

-- image.toDisplayTensor{input=, padding=, nrow=, scaleeach=}: a grid of images for display
function image.toDisplayTensor(args)
   local input = args.input or args
   local padding, nrow = args.padding or 0, args.nrow
   local list = {}
   if torch.isTensor(input) then
      if input:dim() == 2 or (input:dim() == 3 and (input:size(1) == 1 or input:size(1) == 3)) then
         list[1] = input
      else
         for i = 1, input:size(1) do list[i] = input[i] end
      end
   else list = input end
   local first = as3d(list[1])
   local C, H, W = first:size(1), first:size(2), first:size(3)
   local n = #list
   nrow = nrow or math.ceil(math.sqrt(n))
   local ncol = math.ceil(n / nrow)
   local out = torch.Tensor(C, ncol * (H + padding) + padding, nrow * (W + padding) + padding):typeAs(first):zero()
   for i = 1, n do
      local im = as3d(list[i])
      if args.scaleeach then im = image.minmax{ tensor = im } end
      local r, c = math.floor((i - 1) / nrow), (i - 1) % nrow
      out:narrow(2, r * (H + padding) + padding + 1, H):narrow(3, c * (W + padding) + padding + 1, W):copy(im)
   end
   if not args.scaleeach then out = image.minmax{ tensor = out } end
   return out
end

package.loaded['image'] = image
return image
