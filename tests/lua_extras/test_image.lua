-- image package: codecs through Pillow, geometry, colour
local image = require 'image'
local T = {}

local function tmp(ext) return os.tmpname() .. ext end

function T.save_load_png_roundtrip_byte_and_float()
   local b = torch.ByteTensor(3, 5, 7):random(0, 255)
   local p = tmp('.png')
   image.save(p, b)
   local r = image.load(p, 3, 'byte')
   tester:eq(r:size(1), 3); tester:eq(r:size(2), 5); tester:eq(r:size(3), 7)
   tester:eq(r:double():add(-1, b:double()):abs():max(), 0)
   local f = image.load(p)
   tester:eq(torch.type(f), 'torch.FloatTensor')
   tester:assertlt(f:double():mul(255):add(-1, b:double()):abs():max(), 1e-3)
   os.remove(p)
end

function T.ppm_pgm_and_gray()
   local b = torch.ByteTensor(3, 4, 6):random(0, 255)
   local p = tmp('.ppm'); image.save(p, b)
   tester:eq(image.load(p, 3, 'byte'):double():add(-1, b:double()):abs():max(), 0)
   local g = torch.ByteTensor(1, 4, 6):random(0, 255)
   local q = tmp('.pgm'); image.save(q, g)
   local r = image.load(q, 1, 'byte')
   tester:eq(r:dim(), 2)
   tester:eq(r:double():add(-1, g[1]:double()):abs():max(), 0)
   os.remove(p); os.remove(q)
end

function T.jpeg_is_lossy_but_close()
   local f = torch.FloatTensor(3, 16, 16):fill(0.5)
   local p = tmp('.jpg'); image.save(p, f)
   local r = image.load(p, 3, 'double')
   tester:assertlt(r:add(-0.5):abs():max(), 0.02)
   os.remove(p)
end

function T.missing_and_unreadable_files_error_clearly()
   local ok, err = pcall(image.load, '/no/such/file.png')
   tester:assert(not ok and err:find('file not found'), tostring(err))
   local p = tmp('.png'); local f = io.open(p, 'w'); f:write('not an image'); f:close()
   ok, err = pcall(image.load, p)
   tester:assert(not ok and err:find('cannot read'), tostring(err))
   os.remove(p)
end

function T.crop_coordinates_and_corners()
   local x = torch.range(1, 2 * 4 * 5):view(2, 4, 5)
   local c = image.crop(x, 1, 2, 4, 4)   -- x in [1,4), y in [2,4)
   tester:eq(c:size(2), 2); tester:eq(c:size(3), 3)
   tester:eq(c[1][1][1], x[1][3][2])
   local tl = image.crop(x, 'tl', 2, 3)
   tester:eq(tl[2][3][2], x[2][3][2])
   local br = image.crop(x, 'br', 2, 3)
   tester:eq(br[1][1][1], x[1][2][4])
   local cc = image.crop(x, 'c', 3, 2)
   tester:eq(cc[1][1][1], x[1][2][2])
   local ok, err = pcall(image.crop, x, 0, 0, 9, 9)
   tester:assert(not ok and err:find('outside'), tostring(err))
end

function T.flips()
   local x = torch.range(1, 12):view(1, 3, 4)
   local h = image.hflip(x)
   tester:eq(h[1][1][1], 4); tester:eq(h[1][3][4], 9)
   local v = image.vflip(x)
   tester:eq(v[1][1][1], 9); tester:eq(v[1][3][4], 4)
end

function T.scale_sizes_and_constant_image()
   local x = torch.FloatTensor(3, 10, 20):fill(0.25)
   local s = image.scale(x, 40, 5)
   tester:eq(s:size(2), 5); tester:eq(s:size(3), 40)
   tester:assertlt(s:add(-0.25):abs():max(), 1e-5)
   local m = image.scale(x, 10)
   tester:eq(m:size(3), 10); tester:eq(m:size(2), 5)
   local n = image.scale(x, '8x4', 'simple')
   tester:eq(n:size(3), 8); tester:eq(n:size(2), 4)
   local ok, err = pcall(image.scale, x, 4, 4, 'nope')
   tester:assert(not ok and err:find('unknown mode'), tostring(err))
end

function T.sample_pattern_and_display()
   local l = image.lena()
   tester:eq(l:size(1), 3)
   tester:assert(l:max() <= 1 and l:min() >= 0)
   local p = tmp('.png')
   image.display{ image = l, saveAs = p }
   tester:eq(image.load(p):size(2), l:size(2))
   os.remove(p)
end

function T.rgb2y_and_gaussian()
   local x = torch.DoubleTensor(3, 2, 2):fill(1)
   tester:assertlt(math.abs(image.rgb2y(x):max() - 1), 1e-12)
   local g = image.gaussian(5, 0.25, 1, true)
   tester:assertlt(math.abs(g:sum() - 1), 1e-12)
   tester:eq(g[3][3], g:max())
end

function T.translate_rotate_yuv()
   local x = torch.range(1, 12):view(1, 3, 4)
   local t = image.translate(x, 1, 1)
   tester:eq(t[1][1][1], 0); tester:eq(t[1][2][2], x[1][1][1]); tester:eq(t[1][3][4], x[1][2][3])
   local sq = torch.rand(2, 5, 5)
   local r0 = image.rotate(sq, 0)
   tester:assertlt(r0:add(-1, sq):abs():max(), 1e-6)
   local r4 = image.rotate(image.rotate(sq, math.pi / 2), -math.pi / 2)
   tester:assertlt(r4:add(-1, sq):abs():max(), 1e-5)
   local rgb = torch.rand(3, 4, 4)
   tester:assertlt(image.yuv2rgb(image.rgb2yuv(rgb)):add(-1, rgb):abs():max(), 1e-3)
end

function T.convolve_same_size_and_values()
   local x = torch.rand(2, 6, 7)
   local k = torch.Tensor(3, 3):fill(0); k[2][2] = 1
   local s = image.convolve(x, k, 'same')
   tester:eq(s:size(2), 6); tester:eq(s:size(3), 7)
   tester:assertlt(s:add(-1, x):abs():max(), 1e-12)
   local v = image.convolve(x, torch.ones(3, 3), 'valid')
   tester:eq(v:size(2), 4)
   tester:assertlt(math.abs(v[1][1][1] - x[1]:narrow(1, 1, 3):narrow(2, 1, 3):sum()), 1e-9)
   local l = image.laplacian(5, 0.25, 1, true)
   tester:assertlt(math.abs(l:sum()), 1e-9)
end

function T.drawRect_and_displayTensor()
   local img = torch.ByteTensor(3, 10, 10):zero()
   local r = image.drawRect(img, 2, 3, 8, 9, { color = { 255, 0, 0 } })
   tester:eq(r[1][3][5], 255); tester:eq(r[2][3][5], 0); tester:eq(r[1][5][5], 0); tester:eq(img:sum(), 0)
   local g = image.toDisplayTensor{ input = torch.rand(4, 3, 5, 6), padding = 1, nrow = 2 }
   tester:eq(g:size(1), 3); tester:eq(g:size(2), 2 * 6 + 1); tester:eq(g:size(3), 2 * 7 + 1)
end

function T.hsl_and_lab_known_colours()
   local x = torch.DoubleTensor(3, 1, 3):zero()
   x[1][1][1] = 1                          -- red
   x[2][1][2] = 1                          -- green
   x[{{}, 1, 3}] = 1                       -- white
   local h = image.rgb2hsl(x)
   tester:assertlt(math.abs(h[1][1][1]), 1e-12); tester:assertlt(math.abs(h[2][1][1] - 1), 1e-12)
   tester:assertlt(math.abs(h[3][1][1] - 0.5), 1e-12)
   tester:assertlt(math.abs(h[1][1][2] - 1 / 3), 1e-12)
   tester:assertlt(math.abs(h[3][1][3] - 1), 1e-12); tester:assertlt(math.abs(h[2][1][3]), 1e-12)
   local l = image.rgb2lab(x)
   tester:assertlt(math.abs(l[1][1][3] - 100), 1e-3)
   tester:assertlt(math.abs(l[2][1][3]), 1e-2)
   tester:assertlt(math.abs(l[1][1][1] - 53.24), 0.05)   -- sRGB red: L* = 53.24, a* = 80.09
   tester:assertlt(math.abs(l[2][1][1] - 80.09), 0.2)
end

function T.drawText_marks_pixels_near_position()
   local img = torch.FloatTensor(3, 30, 60):zero()
   local r = image.drawText(img, 'Hi', 5, 5, { color = { 255, 255, 255 }, size = 12 })
   tester:assert(r:narrow(2, 1, 20):narrow(3, 1, 30):max() > 0.5, 'text drawn near (5,5)')
   tester:eq(r:narrow(3, 40, 20):max(), 0)
   tester:eq(img:max(), 0)
   local g = image.drawText(torch.ByteTensor(1, 20, 40):zero(), 'x', 1, 1, { color = { 0, 0, 0 }, bg = { 200, 200, 200 } })
   tester:assert(g:max() > 100, 'background box drawn')
end

return T
