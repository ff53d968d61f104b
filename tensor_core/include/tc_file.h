/* tc_file.h -- see tensor_core.h for the rules every section follows. */
