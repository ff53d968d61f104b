/* tc_nn.h -- see tensor_core.h for the rules every section follows. */
