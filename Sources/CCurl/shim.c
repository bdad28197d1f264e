#include "CCurl.h"

CURLcode sluice_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode sluice_curl_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode sluice_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode sluice_curl_easy_setopt_write_callback(CURL *handle,
    size_t (*callback)(char *ptr, size_t size, size_t nmemb, void *userdata)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode sluice_curl_easy_setopt_header_callback(CURL *handle,
    size_t (*callback)(char *ptr, size_t size, size_t nmemb, void *userdata)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode sluice_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

const char *sluice_curl_version(void) {
    return curl_version_info(CURLVERSION_NOW)->version;
}
