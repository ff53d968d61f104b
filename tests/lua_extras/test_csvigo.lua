-- csvigo: load (tidy, raw, query, separators, quoting) and save round trips.
local T = {}

function T.save_and_load_modes()
   require 'csvigo'
   local path = os.tmpname()
   csvigo.save{path = path, data = {name = {'a', 'b, with comma', 'c "q"'}, value = {'1', '2', '3'}}}
   local t = csvigo.load{path = path}
   tester:asserteq(#t.name, 3)
   tester:asserteq(t.name[2], 'b, with comma')
   tester:asserteq(t.name[3], 'c "q"')
   tester:asserteq(t.value[3], '3')
   local raw = csvigo.load{path = path, mode = 'raw'}
   tester:asserteq(raw[1][1], 'name')
   tester:asserteq(#raw, 4)
   local q = csvigo.load{path = path, mode = 'query'}
   tester:asserteq(#q('vars'), 2)
   local sub = q('union', {value = {'1', '3'}})
   tester:asserteq(#sub.name, 2)
   os.remove(path)
end

function T.separator_and_headerless()
   require 'csvigo'
   local path = os.tmpname()
   local f = io.open(path, 'w')
   f:write('1;2;3\n4;5;6\n')
   f:close()
   local t = csvigo.load{path = path, separator = ';'}
   tester:asserteq(t['3'][2], '6')
   os.remove(path)
end

function T.missing_file_is_a_clear_error()
   require 'csvigo'
   local ok, err = pcall(csvigo.load, {path = '/nonexistent/file.csv'})
   tester:assert(not ok and err:find('cannot open', 1, true) ~= nil, err)
end

return T
