"""The self-assessment screen (tự đánh giá, chấm điểm Chỉ số CCHC)."""
