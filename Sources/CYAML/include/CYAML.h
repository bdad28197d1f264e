#ifndef SLUICE_CYAML_H
#define SLUICE_CYAML_H

/* libyaml (Debian's libyaml-dev), through its event API: it scans and parses pipeline files;
 * SluiceCore's YAMLComposer builds the document from its events. */
#include <yaml.h>

#endif
