#include "aiworld/SseParser.hpp"

namespace aiworld {

std::vector<SseMessage> SseParser::feed(const char* data, std::size_t size) {
  std::vector<SseMessage> out;
  for (std::size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (c == '\n' && lastWasCR_) {  // the LF of a CRLF already ended the line
      lastWasCR_ = false;
      continue;
    }
    lastWasCR_ = c == '\r';
    if (c == '\n' || c == '\r') {
      line(pending_, out);
      pending_.clear();
    } else {
      pending_.push_back(c);
    }
  }
  return out;
}

void SseParser::line(const std::string& text, std::vector<SseMessage>& out) {
  if (text.empty()) {
    if (hasData_) out.push_back(current_);
    std::string keepId = current_.id;  // the last event id persists across messages per the spec
    current_ = SseMessage{};
    current_.id = keepId;
    hasData_ = false;
    return;
  }
  if (text[0] == ':') return;
  auto colon = text.find(':');
  std::string field = text.substr(0, colon);
  std::string value = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (!value.empty() && value[0] == ' ') value.erase(0, 1);
  if (field == "data") {
    if (hasData_) current_.data += "\n";
    current_.data += value;
    hasData_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string::npos) current_.id = value;
  } else if (field == "event") {
    current_.event = value.empty() ? "message" : value;
  }
}

void SseParser::reset() {
  pending_.clear();
  std::string keepId = current_.id;
  current_ = SseMessage{};
  current_.id = keepId;
  hasData_ = false;
  lastWasCR_ = false;
}

}  // namespace aiworld
