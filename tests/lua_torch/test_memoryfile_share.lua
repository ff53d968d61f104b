-- torch.MemoryFile(charStorage) writes into that storage, and f:storage() is the file's own storage
-- (the same object each call), as in Torch7.
local T = {}

function T.memoryfile_on_a_storage_shares_it()
   local s = torch.CharStorage(1):fill(0)
   local f = torch.MemoryFile(s, 'rw')
   f:writeString('hello')
   tester:assert(s:size() >= 6, 'the caller\'s storage grew')
   tester:eq(s:string():sub(1, 5), 'hello')
   local st = f:storage()
   tester:eq(torch.pointer(st), torch.pointer(s), 'storage() is the caller\'s storage')
   tester:eq(st:size(), 6); tester:eq(st[6], 0)
   f:writeString(' world')
   tester:eq(f:storage():string(), 'hello world\0')
   f:close()
   tester:eq(s:string(), 'hello world\0', 'the storage keeps the content after close')
end

function T.memoryfile_storage_is_the_same_object_and_reads_share()
   local f = torch.MemoryFile()
   f:binary()
   f:writeObject({ 1, 2, 3 })
   local a = f:storage()
   local n = a:size()
   f:writeInt(7)
   tester:eq(torch.pointer(f:storage()), torch.pointer(a))
   tester:eq(a:size(), n + 4, 'the earlier handle sees the later write')
   f:close()
   -- a read-only file over a storage holding serialized data
   local g = torch.MemoryFile(a, 'r'):binary()
   tester:eq(g:readObject()[3], 3)
   tester:eq(g:readInt(), 7)
   g:close()
   local ok, err = pcall(torch.MemoryFile, torch.CharStorage(3):fill(65))
   tester:assert(not ok and err:find('terminated by 0'), tostring(err))
end

return T
