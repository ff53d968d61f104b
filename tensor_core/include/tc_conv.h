/* tc_conv.h -- see tensor_core.h for the rules every section follows. */
