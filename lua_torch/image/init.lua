-- image: Torch7's image package; codecs and resampling by Pillow (lua_torch/image/backend.py).
-- Whole images cross the bridge as raw bytes, never per pixel.
require 'torch'
local ffi = require 'ffi'

local image = {}
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

package.loaded['image'] = image
return image
