-- image: Pillow-backed load/save, resampling, crops, flips, colour spaces, kernels.
local T = {}

local function tmp(ext) return os.tmpname() .. ext end

function T.save_and_load_round_trip()
   require 'image'
   local img = image.lena()
   for _, ext in ipairs({'.png', '.ppm'}) do
      local path = tmp(ext)
      image.save(path, img)
      local back = image.load(path)
      tester:asserteq(back:size(1), 3)
      tester:asserteq(back:size(2), 128)
      tester:assert((back - img):abs():max() <= 1 / 255 + 1e-9, 'lossless formats round-trip')
      local bytes = image.load(path, 3, 'byte')
      tester:asserteq(torch.typename(bytes), 'torch.ByteTensor')
      local gray = image.load(path, 1)
      tester:asserteq(gray:size(1), 1)
      os.remove(path)
   end
end

function T.missing_file_is_one_clear_error()
   require 'image'
   local ok, err = pcall(image.load, '/nonexistent/picture.png')
   tester:assert(not ok and err:find('no such file', 1, true) ~= nil, err)
end

function T.scale_crop_flip()
   require 'image'
   local img = image.lena()
   local s = image.scale(img, 64, 32)
   tester:asserteq(s:size(2), 32)
   tester:asserteq(s:size(3), 64)
   local c = image.crop(img, 10, 20, 30, 50)
   tester:asserteq(c:size(2), 30)
   tester:asserteq(c:size(3), 20)
   tester:asserteq(c[1][1][1], img[1][21][11])
   local cc = image.crop(img, 'c', 16, 8)
   tester:asserteq(cc:size(3), 16)
   local h = image.hflip(img)
   tester:asserteq(h[2][5][1], img[2][5][128])
   local v = image.vflip(img)
   tester:asserteq(v[1][1][7], img[1][128][7])
end

function T.colour_spaces_and_kernels()
   require 'image'
   local img = image.lena()
   local back = image.yuv2rgb(image.rgb2yuv(img))
   tester:assert((back - img):abs():max() < 1e-3, 'yuv round trip')
   tester:asserteq(image.rgb2y(img):size(1), 1)
   local g = image.gaussian(5, 0.25, 1, true)
   tester:assert(math.abs(g:sum() - 1) < 1e-12)
   local blurred = image.convolve(img[1], g, 'same')
   tester:asserteq(blurred:size(1), 128)
   local grid = image.toDisplayTensor({input = torch.rand(6, 1, 8, 8), padding = 1, nrow = 3})
   tester:asserteq(grid:size(3), 3 * 9 + 1)
end

return T
