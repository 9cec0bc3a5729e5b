"""Figures in both languages: Chinese and English quantities (numbers, numbers_en) and dates."""
