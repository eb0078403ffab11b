package org.newton4j.sort;

/** The outputs a host-array evaluation can ask for. */
public enum RankingOutput { PERMUTATION, SORTED, LOSS, GRADIENT, HESSIAN }
