-- The libc entry points the helper packages (paths, lfs, sys, torch.Timer, torch.File) call through LuaJIT's ffi.
-- Every declaration is made on its own inside pcall, so another package declaring the same function or type
-- first is harmless.
local ffi = require 'ffi'

local function declare(src)
   pcall(ffi.cdef, src)
end

declare [[ typedef struct luatorch_timespec { long tv_sec; long tv_nsec; } luatorch_timespec; ]]
declare [[ typedef struct luatorch_timeval { long tv_sec; long tv_usec; } luatorch_timeval; ]]
declare [[ typedef struct luatorch_rusage { luatorch_timeval ru_utime; luatorch_timeval ru_stime; long ru_rest[14]; } luatorch_rusage; ]]

-- struct stat differs by architecture; only the fields we read are named.
if ffi.arch == 'x64' then
   declare [[ typedef struct luatorch_stat {
      uint64_t st_dev; uint64_t st_ino; uint64_t st_nlink; uint32_t st_mode; uint32_t st_uid; uint32_t st_gid;
      int32_t pad0; uint64_t st_rdev; int64_t st_size; int64_t st_blksize; int64_t st_blocks;
      luatorch_timespec st_atim; luatorch_timespec st_mtim; luatorch_timespec st_ctim; int64_t unused[3];
   } luatorch_stat; ]]
else -- aarch64 and the other "generic" Linux layouts
   declare [[ typedef struct luatorch_stat {
      uint64_t st_dev; uint64_t st_ino; uint32_t st_mode; uint32_t st_nlink; uint32_t st_uid; uint32_t st_gid;
      uint64_t st_rdev; uint64_t pad1; int64_t st_size; int32_t st_blksize; int32_t pad2; int64_t st_blocks;
      luatorch_timespec st_atim; luatorch_timespec st_mtim; luatorch_timespec st_ctim; int32_t unused[2];
   } luatorch_stat; ]]
end

declare [[ typedef struct luatorch_DIR luatorch_DIR; ]]
declare [[ typedef struct luatorch_utimbuf { long actime; long modtime; } luatorch_utimbuf; ]]
for _, decl in ipairs {
   'int stat(const char *path, luatorch_stat *buf);',
   'int lstat(const char *path, luatorch_stat *buf);',
   'int mkdir(const char *path, uint32_t mode);',
   'int rmdir(const char *path);',
   'int unlink(const char *path);',
   'int rename(const char *from, const char *to);',
   'int chdir(const char *path);',
   'char *getcwd(char *buf, size_t size);',
   'luatorch_DIR *opendir(const char *name);',
   'int closedir(luatorch_DIR *dir);',
   'int clock_gettime(int clk, luatorch_timespec *ts);',
   'int getrusage(int who, luatorch_rusage *usage);',
   'int nanosleep(const luatorch_timespec *req, luatorch_timespec *rem);',
   'int utime(const char *path, const luatorch_utimbuf *times);',
   'char *strerror(int errnum);',
   'int getpid(void);',
   'int mkstemp(char *template);',
   'int close(int fd);',
   'int isatty(int fd);',
   'ssize_t readlink(const char *path, char *buf, size_t size);',
   'char *getenv(const char *name);',
} do declare(decl) end
-- readdir's struct dirent: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name[256] on glibc 64-bit.
declare [[ typedef struct luatorch_dirent { uint64_t d_ino; int64_t d_off; uint16_t d_reclen; uint8_t d_type; char d_name[256]; } luatorch_dirent; ]]
declare 'luatorch_dirent *readdir(luatorch_DIR *dir);'

local C = ffi.C
local libc = { C = C, ffi = ffi }

local S_IFMT, S_IFDIR, S_IFREG, S_IFLNK = 0xF000, 0x4000, 0x8000, 0xA000
local CLOCK_REALTIME, CLOCK_MONOTONIC = 0, 1

function libc.errmsg()
   return ffi.string(C.strerror(ffi.errno()))
end

-- stat(path) -> the filled struct, or nil, message
function libc.stat(path, nofollow)
   local st = ffi.new('luatorch_stat')
   local rc = nofollow and C.lstat(path, st) or C.stat(path, st)
   if rc ~= 0 then return nil, path .. ': ' .. libc.errmsg() end
   return st
end

function libc.kind(mode)
   local fmt = bit.band(mode, S_IFMT)
   if fmt == S_IFDIR then return 'directory'
   elseif fmt == S_IFREG then return 'file'
   elseif fmt == S_IFLNK then return 'link'
   elseif fmt == 0x2000 then return 'char device'
   elseif fmt == 0x6000 then return 'block device'
   elseif fmt == 0x1000 then return 'named pipe'
   elseif fmt == 0xC000 then return 'socket'
   end
   return 'other'
end

function libc.isdir(path)
   local st = type(path) == 'string' and libc.stat(path)
   return st ~= nil and st ~= false and bit.band(st.st_mode, S_IFMT) == S_IFDIR
end

function libc.isfile(path)
   local st = type(path) == 'string' and libc.stat(path)
   return st ~= nil and st ~= false and bit.band(st.st_mode, S_IFMT) == S_IFREG
end

function libc.exists(path)
   return type(path) == 'string' and libc.stat(path) ~= nil
end

-- Entries of a directory (including '.' and '..'), or nil, message.
function libc.listdir(path)
   local dir = C.opendir(path)
   if dir == nil then return nil, path .. ': ' .. libc.errmsg() end
   local names = {}
   while true do
      local ent = C.readdir(dir)
      if ent == nil then break end
      names[#names + 1] = ffi.string(ent.d_name)
   end
   C.closedir(dir)
   return names
end

function libc.getcwd()
   local size = 4096
   while true do
      local buf = ffi.new('char[?]', size)
      if C.getcwd(buf, size) ~= nil then return ffi.string(buf) end
      if size > 1048576 then return nil, libc.errmsg() end
      size = size * 4
   end
end

local ts = ffi.new('luatorch_timespec')
function libc.walltime()
   C.clock_gettime(CLOCK_REALTIME, ts)
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

function libc.monotonic()
   C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local ru = ffi.new('luatorch_rusage')
-- user and system CPU seconds of this process
function libc.cputimes()
   C.getrusage(0, ru)
   return tonumber(ru.ru_utime.tv_sec) + tonumber(ru.ru_utime.tv_usec) * 1e-6,
          tonumber(ru.ru_stime.tv_sec) + tonumber(ru.ru_stime.tv_usec) * 1e-6
end

function libc.sleep(seconds)
   local req = ffi.new('luatorch_timespec')
   local whole = math.floor(seconds)
   req.tv_sec = whole
   req.tv_nsec = math.floor((seconds - whole) * 1e9)
   C.nanosleep(req, nil)
end

function libc.getenv(name)
   local v = C.getenv(name)
   if v == nil then return nil end
   return ffi.string(v)
end

return libc
