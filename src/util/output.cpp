#include "ftcost/util/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "ftcost/util/error.hpp"

namespace ftcost {

namespace {

constexpr const char* stdout_name = "<stdout>";

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

std::string reason(int error) { return error != 0 ? std::string(std::strerror(error)) : std::string("unknown error"); }

// A file written in full to a temporary beside its target; renamed into place by commit(), removed
// otherwise.
class StagedFile {
 public:
  explicit StagedFile(const OutputFile& file) : target_(file.path), flag_(file.flag) {
    temporary_ =
        target_.parent_path() / fmt::format(".{}.tmp.{}", target_.filename().string(), static_cast<long>(::getpid()));
    std::ofstream out(temporary_, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw OutputError(file.path, flag_, fmt::format("cannot create the output file ({})", reason(errno)),
                        "check that the folder exists and is writable");
    }
    created_ = true;
    out << file.text;
    out.close();  // close() flushes: a full disk shows up here
    if (!out) {
      const int error = errno;
      discard();
      throw OutputError(file.path, flag_, fmt::format("writing the output failed ({})", reason(error)),
                        "check free disk space");
    }
  }
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile() { discard(); }

  void commit() {
    std::error_code ec;
    std::filesystem::rename(temporary_, target_, ec);
    if (ec) {
      discard();
      throw OutputError(target_.string(), flag_, fmt::format("cannot replace the output file ({})", ec.message()),
                        "check that it is not a directory");
    }
    created_ = false;
  }

 private:
  void discard() {
    if (!created_) return;
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
    created_ = false;
  }

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::string flag_;
  bool created_ = false;
};

}  // namespace

void flush_stdout() {
  // A write that already failed (a full buffer flushed inside operator<<) left its errno; keep it.
  if (std::cout) {
    errno = 0;
    std::cout.flush();
  }
  if (!std::cout) {
    const int error = errno;
    std::cout.clear();  // nothing more will be written; keep the stream from failing again at exit
    throw OutputError(stdout_name, "", fmt::format("writing the output failed ({})", reason(error)),
                      "check that stdout goes to a writable file or pipe with free space");
  }
}

namespace {

[[noreturn]] void stdout_failed(int error) {
  throw OutputError(stdout_name, "", fmt::format("writing the output failed ({})", reason(error)),
                    "check that stdout goes to a writable file or pipe with free space");
}

}  // namespace

void write_stdio_stdout(const char* data, std::size_t size) {
  errno = 0;
  if (std::fwrite(data, 1, size, stdout) != size) stdout_failed(errno);
}

void flush_stdio_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    const int error = errno;
    std::clearerr(stdout);
    stdout_failed(error);
  }
}

void write_outputs(const std::vector<OutputFile>& files) {
  std::vector<std::unique_ptr<StagedFile>> staged;
  const OutputFile* to_stdout = nullptr;
  for (const auto& file : files) {
    if (is_stdout(file.path)) {
      to_stdout = &file;
      continue;
    }
    staged.push_back(std::make_unique<StagedFile>(file));
  }
  if (to_stdout) {
    errno = 0;
    std::cout << to_stdout->text;
    flush_stdout();  // on failure the staged files are removed by their destructors
  }
  for (auto& file : staged) file->commit();
}

void write_output(const std::string& path, const std::string& text, const std::string& flag) {
  write_outputs({OutputFile{path, text, flag}});
}

}  // namespace ftcost
