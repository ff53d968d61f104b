local csvigo = require 'csvigo'
local T = {}

local function write(text)
   local p = os.tmpname() .. '.csv'
   local f = io.open(p, 'w'); f:write(text); f:close()
   return p
end

function T.tidy_raw_and_quotes()
   local p = write('name,age\n"Doe, J",42\n"say ""hi""",7\n')
   local d = csvigo.load{ path = p }
   tester:eq(d.name[1], 'Doe, J'); tester:eq(d.name[2], 'say "hi"')
   tester:eq(d.age[1], '42'); tester:eq(#d.age, 2)
   local r = csvigo.load{ path = p, mode = 'raw' }
   tester:eq(#r, 3); tester:eq(r[1][2], 'age'); tester:eq(r[3][2], '7')
   os.remove(p)
end

function T.separator_and_no_header()
   local p = write('1;2;3\n4;5;6\n')
   local d = csvigo.load{ path = p, separator = ';', header = false }
   tester:eq(d['1'][2], '4'); tester:eq(d['3'][1], '3')
   os.remove(p)
end

function T.query_mode()
   local p = write('city,n\nParis,1\nRome,2\nParis,3\n')
   local q = csvigo.load{ path = p, mode = 'query' }
   tester:eq(#q('all').city, 3)
   tester:eq(q('vars')[2], 'n')
   local u = q('union', { city = 'Paris' })
   tester:eq(#u.n, 2); tester:eq(u.n[2], '3')
   local i = q('inter', { city = 'Paris', n = { 3 } })
   tester:eq(#i.n, 1); tester:eq(i.n[1], '3')
   os.remove(p)
end

function T.save_roundtrip()
   local p = os.tmpname() .. '.csv'
   csvigo.save{ path = p, data = { a = { '1', 'x,y' }, b = { '2', '3' } } }
   local d = csvigo.load{ path = p }
   tester:eq(d.a[2], 'x,y'); tester:eq(d.b[1], '2')
   csvigo.save{ path = p, data = { { 'h1', 'h2' }, { 1, 2 } } }
   local r = csvigo.load{ path = p, mode = 'raw' }
   tester:eq(r[2][2], '2')
   os.remove(p)
end

function T.errors()
   local ok, err = pcall(csvigo.load, { path = '/no/such.csv' })
   tester:assert(not ok and err:find('cannot open'), tostring(err))
   local p = write('a,b\n1\n')
   ok, err = pcall(csvigo.load, { path = p })
   tester:assert(not ok and err:find('fields'), tostring(err))
   os.remove(p)
end

return T
