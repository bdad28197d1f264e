#ifndef SLUICE_CCURL_H
#define SLUICE_CCURL_H

#include <curl/curl.h>

/* Swift cannot call C variadic functions; these typed wrappers forward to
 * curl_easy_setopt / curl_easy_getinfo. Prefixed to avoid clashes. */

CURLcode sluice_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode sluice_curl_easy_setopt_ptr(CURL *handle, CURLoption option, const void *value);
CURLcode sluice_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode sluice_curl_easy_setopt_write_callback(CURL *handle,
    size_t (*callback)(char *ptr, size_t size, size_t nmemb, void *userdata));
CURLcode sluice_curl_easy_setopt_header_callback(CURL *handle,
    size_t (*callback)(char *ptr, size_t size, size_t nmemb, void *userdata));
CURLcode sluice_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/* The linked libcurl's version string, e.g. "7.88.1". */
const char *sluice_curl_version(void);

#endif
